package dev.kplane.apiserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.schemas.avro.Command;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Precondition;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreconditionsTest {
  private static final Preconditions.Current LIVE = new Preconditions.Current(true, 7, "uid-1");
  private static final Preconditions.Current CHANGED_IN_BATCH = new Preconditions.Current(true, 0, "uid-1");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("create of an absent key", Preconditions.Current.ABSENT, false, pre(false, null, null), Outcome.APPLIED),
        Arguments.of("create of a live key", LIVE, false, pre(false, null, null), Outcome.ALREADY_EXISTS),
        Arguments.of("update at the current version", LIVE, false, pre(true, 7L, null), Outcome.APPLIED),
        Arguments.of("update at a stale version", LIVE, false, pre(true, 6L, null), Outcome.CONFLICT),
        Arguments.of("update of a key changed earlier in the batch", CHANGED_IN_BATCH, false, pre(true, 7L, null), Outcome.CONFLICT),
        Arguments.of("update of an absent key", Preconditions.Current.ABSENT, false, pre(true, 7L, null), Outcome.NOT_FOUND),
        Arguments.of("delete with the right uid", LIVE, true, pre(true, null, "uid-1"), Outcome.APPLIED),
        Arguments.of("delete with another uid", LIVE, true, pre(true, null, "uid-2"), Outcome.UID_MISMATCH),
        Arguments.of("delete of an absent key", Preconditions.Current.ABSENT, true, pre(null, null, null), Outcome.NOT_FOUND),
        Arguments.of("unconditional put of a live key", LIVE, false, pre(null, null, null), Outcome.APPLIED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldDecideLikeEtcdCompareAndSet(String name, Preconditions.Current current, boolean delete, Precondition p,
                                         Outcome expected) {
    Command c = new Command("r", "t", "k", delete, "{}", p, EventType.MODIFIED, "uid-1", "me", "update", 0, Instant.now());
    assertEquals(expected, Preconditions.check(current, c));
  }

  private static Precondition pre(Boolean mustExist, Long rv, String uid) {
    return new Precondition(mustExist, rv, uid);
  }
}
