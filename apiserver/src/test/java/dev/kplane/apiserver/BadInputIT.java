package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input gets a Status with the code kube-apiserver gives, and changes nothing. */
@ExtendWith(SharedKafka.class)
class BadInputIT {
  private static final String CMS = "/api/v1/namespaces/default/configmaps";
  private static TestApi api;

  @BeforeAll
  static void start() throws InterruptedException {
    api = TestApi.start("bad-input");
    assertEquals(201, api.post(CMS, TestApi.configMap("existing", "a", "1")).code());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static void assertRejected(TestApi.Response r, int code, String reason) {
    assertEquals(code, r.code(), () -> "response: " + r.body());
    assertEquals("Status", r.body().path("kind").asText());
    assertEquals("Failure", r.body().path("status").asText());
    assertEquals(code, r.body().path("code").asInt());
    assertEquals(reason, r.body().path("reason").asText());
  }

  /** The configmaps topic did not move: nothing was written. */
  private static void assertUnchanged(Runnable badRequest) {
    String before = api.get(CMS).body().path("metadata").path("resourceVersion").asText();
    badRequest.run();
    String after = api.get(CMS).body().path("metadata").path("resourceVersion").asText();
    assertEquals(before, after, "a rejected request must not write");
  }

  @Test
  void shouldRejectMalformedJson() {
    assertUnchanged(() -> assertRejected(api.post(CMS, "{\"apiVersion\": \"v1\", \"kind\": "), 400, "BadRequest"));
  }

  @Test
  void shouldRejectNonObjectBody() {
    assertUnchanged(() -> assertRejected(api.post(CMS, "[1,2]"), 400, "BadRequest"));
  }

  @Test
  void shouldRejectMismatchedKind() {
    assertUnchanged(() -> assertRejected(api.post(CMS,
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}"), 400, "BadRequest"));
  }

  @Test
  void shouldRejectMismatchedApiVersion() {
    assertUnchanged(() -> assertRejected(api.post(CMS,
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}"), 400, "BadRequest"));
  }

  @Test
  void shouldRejectNamespaceMismatchBetweenBodyAndUrl() {
    assertUnchanged(() -> assertRejected(api.post(CMS,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"namespace\":\"kube-system\"}}"),
        400, "BadRequest"));
  }

  @Test
  void shouldRejectNameMismatchBetweenBodyAndUrl() {
    assertUnchanged(() -> assertRejected(api.put(CMS + "/existing", TestApi.configMap("other", "a", "2")),
        400, "BadRequest"));
  }

  @Test
  void shouldRejectInvalidName() {
    assertUnchanged(() -> {
      var r = api.post(CMS, TestApi.configMap("Bad_Name", "a", "1"));
      assertRejected(r, 422, "Invalid");
      assertEquals("metadata.name", r.body().path("details").path("causes").path(0).path("field").asText());
      assertEquals("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 "
          + "subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
          + "alphanumeric character (e.g. 'example.com', regex used for validation is "
          + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", r.body().path("message").asText());
    });
  }

  @Test
  void shouldRejectMissingName() {
    assertUnchanged(() -> assertRejected(api.post(CMS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{}}"),
        422, "Invalid"));
  }

  @Test
  void shouldRejectFourMebibyteBody() {
    String big = "x".repeat(4 << 20);
    assertUnchanged(() -> assertRejected(api.post(CMS, TestApi.configMap("big", "a", big)), 413, "RequestEntityTooLarge"));
  }

  @Test
  void shouldRejectDuplicateCreate() {
    assertUnchanged(() -> {
      var r = api.post(CMS, TestApi.configMap("existing", "a", "2"));
      assertRejected(r, 409, "AlreadyExists");
      assertEquals("configmaps \"existing\" already exists", r.body().path("message").asText());
    });
  }

  @Test
  void shouldRejectStaleResourceVersion() {
    String before = api.get(CMS + "/existing").body().path("metadata").path("resourceVersion").asText();
    assertEquals(200, api.put(CMS + "/existing", TestApi.configMap("existing", "a", "moved-on")).code());
    String stale = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"existing\",\"resourceVersion\":\""
        + before + "\"},\"data\":{\"a\":\"stale\"}}";
    assertUnchanged(() -> {
      var r = api.put(CMS + "/existing", stale);
      assertRejected(r, 409, "Conflict");
      assertEquals("Operation cannot be fulfilled on configmaps \"existing\": the object has been modified; please "
          + "apply your changes to the latest version and try again", r.body().path("message").asText());
    });
  }

  @Test
  void shouldRejectGetOfMissingObjectWithNotFound() {
    var r = api.get(CMS + "/nope");
    assertRejected(r, 404, "NotFound");
    assertEquals("configmaps \"nope\" not found", r.body().path("message").asText());
  }

  @Test
  void shouldRejectMalformedLabelSelector() {
    assertRejected(api.get(CMS + "?labelSelector=a%20in%20(b"), 400, "BadRequest");
  }

  @Test
  void shouldRejectDeleteWithWrongUidPrecondition() {
    assertUnchanged(() -> assertRejected(api.delete(CMS + "/existing",
        "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"uid\":\"not-the-uid\"}}"), 409, "Conflict"));
  }

  @Test
  void shouldRejectAValueOfTheWrongTypeAsTheDecoderDoes() {
    assertUnchanged(() -> {
      var r = api.post(CMS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"typed\","
          + "\"labels\":\"x\"}}");
      assertRejected(r, 400, "BadRequest");
      assertEquals("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal string into "
          + "Go struct field ObjectMeta.metadata.labels of type map[string]string", r.body().path("message").asText());
    });
    assertUnchanged(() -> assertRejected(api.post(CMS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
        + "{\"name\":\"typed\"},\"data\":{\"a\":1}}"), 400, "BadRequest"));
  }
}
