package dev.kplane.controllers.objects;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Which objects a controller owns (controller_ref_manager.go ClaimObject): its own that its selector still matches;
 * matching orphans it adopts; its own that no longer match it releases. A controller being deleted neither adopts nor
 * releases; an orphan being deleted is not adopted.
 *
 * @param claimed the objects the controller manages (adopted ones included)
 * @param adopt orphans to adopt ({@link OwnerReferences#adoptPatch})
 * @param release owned objects to release ({@link OwnerReferences#releasePatch})
 */
public record Claims<T extends JsonNode>(List<T> claimed, List<T> adopt, List<T> release) {
  public static <T extends JsonNode> Claims<T> of(JsonNode owner, JsonNode selector, List<T> objects) {
    List<T> claimed = new ArrayList<>();
    List<T> adopt = new ArrayList<>();
    List<T> release = new ArrayList<>();
    boolean ownerDeleting = Objects.isBeingDeleted(owner);
    for (T o : objects) {
      boolean matches = LabelSelectors.matches(selector, Objects.labels(o));
      var ref = OwnerReferences.controllerOf(o);
      if (ref.isPresent()) {
        if (!ref.get().path("uid").asText().equals(Objects.uid(owner))) {
          continue;
        }
        if (matches) {
          claimed.add(o);
        } else if (!ownerDeleting) {
          release.add(o);
        }
      } else if (matches && !ownerDeleting && !Objects.isBeingDeleted(o)
          && Objects.namespace(owner).equals(Objects.namespace(o))) {
        claimed.add(o);
        adopt.add(o);
      }
    }
    return new Claims<>(claimed, adopt, release);
  }
}
