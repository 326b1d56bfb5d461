package dev.kplane.testkit;

/** The shared test broker, as a test method parameter. */
public record KafkaBroker(String bootstrapServers) {}
