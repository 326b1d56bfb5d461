package dev.kplane.controllers.streams;

import dev.kplane.controllers.ControllerContext;
import dev.kplane.schemas.KplaneSerdes;
import dev.kplane.schemas.avro.Request;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Where controllers' decisions go: API requests to the {@code requests} topic, which the API server runs through
 * its HTTP pipeline. Keys are {@code ApiRequests.key(request)} (the reconciler emits them so), so requests on one object
 * stay in order. Written in the task's exactly-once transaction with the state that led to them.
 */
public final class RequestSink {
  private RequestSink() {}

  public static void to(KStream<String, Request> requests, ControllerContext context, String controller) {
    requests.to(context.topics().requests(),
        Produced.with(Serdes.String(), KplaneSerdes.request()).withName(controller + "-requests"));
  }
}
