package dev.rung.routing;

/** Receives each attempt as soon as it is finished, so no paid call is lost if the task dies later. */
@FunctionalInterface
public interface AttemptSink {
    void record(AttemptRecord attempt);
}
