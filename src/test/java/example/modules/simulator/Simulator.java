package example.modules.simulator;

import example.modules.gateway.TokenCounter;

public final class Simulator {

    private Simulator() {}

    public static int usage(String prompt) {
        return TokenCounter.count(prompt);
    }
}
