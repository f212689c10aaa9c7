package dev.rung.gateway;

import java.util.Map;
import java.util.function.Consumer;

/**
 * OpenAI's Batch API: many chat calls written as one JSONL file, uploaded, run by the provider
 * within its completion window at half price, and read back from an output and an error file. Like
 * {@link ModelGateway} it never retries; what happens to a line that failed or expired is the
 * caller's decision.
 */
public interface BatchGateway {

    /** The provider name stored with every attempt, as {@link ModelGateway#provider()}. */
    String provider();

    /**
     * One line of a batch input file: the chat call {@code request} would send, under {@code
     * customId}. The request's service tier is not sent: a batch line is priced as batch.
     */
    String line(String customId, ModelRequest request);

    /**
     * Uploads the lines as a file (purpose {@code batch}) and creates a batch over it for the chat
     * completions endpoint with a 24-hour window. {@code metadata} is stored with the batch.
     */
    Submitted submit(String fileName, byte[] jsonl, Map<String, String> metadata);

    /** Where a batch stands now. */
    BatchState poll(String batchId);

    /** Asks the provider to stop a batch; it ends {@code cancelled} with what it finished. */
    void cancel(String batchId);

    /**
     * Reads an output or error file line by line, each as the outcome of the call it answers. A
     * line that does not name its call is skipped: nothing can be done with it.
     */
    void results(String fileId, Consumer<BatchResult> each);

    /** A created batch and the file it runs. */
    record Submitted(String batchId, String inputFileId) {}
}
