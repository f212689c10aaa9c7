package dev.rung.gateway;

/**
 * One token of an answer and the natural logarithm of the probability the model gave it ({@code
 * choices[].logprobs.content[]} on the Chat Completions wire).
 */
public record TokenLogprob(String token, double logprob) {}
