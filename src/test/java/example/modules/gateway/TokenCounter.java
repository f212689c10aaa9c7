package example.modules.gateway;

public final class TokenCounter {

    private TokenCounter() {}

    public static int count(String text) {
        return text.length() / 4;
    }
}
