package dev.kplane.apiserver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cases of apimachinery's duration_test.go (TestHumanDuration and TestHumanDurationBoundaries). */
class HumanDurationTest {

  @ParameterizedTest
  @CsvSource({
      "1000000000, 1s", "70000000000, 70s", "190000000000, 3m10s", "4200000000000, 70m", "169200000000000, 47h",
      "176400000000000, 2d1h", "698400000000000, 8d", "31708800000000000, 367d", "63162000000000000, 2y1d",
      "252288007200000000, 8y"})
  void shouldFormatLikeHumanDuration(long nanos, String want) {
    assertEquals(want, HumanDuration.format(Duration.ofNanos(nanos)));
  }

  @ParameterizedTest
  @CsvSource({
      "-2, 0, <invalid>", "-2, 1, 0s", "0, 0, 0s", "0, 999, 0s", "120, -1, 119s", "120, 0, 2m", "121, 0, 2m1s",
      "600, -1, 9m59s", "600, 0, 10m", "601, 0, 10m", "10800, -1, 179m", "10800, 0, 3h", "10860, 0, 3h1m",
      "28800, -1, 7h59m", "28800, 0, 8h", "32340, 0, 8h", "172800, -1, 47h", "172800, 0, 2d", "176400, 0, 2d1h",
      "691200, -1, 7d23h", "691200, 0, 8d", "774000, 0, 8d", "63072000, -1, 729d", "63072000, 0, 2y",
      "63154800, 0, 2y", "63158340, 0, 2y", "63158400, -1, 2y", "63158400, 0, 2y1d", "94608000, 0, 3y",
      "252288000, -1, 7y364d", "252288000, 0, 8y", "283737600, 0, 8y", "283824000, 0, 9y"})
  void shouldKeepTheBoundariesOfHumanDuration(long seconds, long plusMillis, String want) {
    // "-2, 1" is -2s plus one nanosecond in the Go test; a millisecond stands in for the other small offsets
    Duration d = seconds == -2 && plusMillis == 1 ? Duration.ofSeconds(-2).plusNanos(1)
        : Duration.ofSeconds(seconds).plusMillis(plusMillis);
    assertEquals(want, HumanDuration.format(d));
  }

  @ParameterizedTest
  @CsvSource({"2024-01-01T00:00:00Z, 5s", "'', <unknown>", "not-a-time, <unknown>"})
  void shouldTranslateTimestampsSinceNow(String timestamp, String want) {
    Instant now = Instant.parse("2024-01-01T00:00:05.300Z");
    assertEquals(want, HumanDuration.since(timestamp, now));
  }

}
