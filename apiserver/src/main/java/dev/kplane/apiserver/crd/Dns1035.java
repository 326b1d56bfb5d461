package dev.kplane.apiserver.crd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** apimachinery's IsDNS1035Label, which CRD names, versions, short names and categories must pass. */
final class Dns1035 {
  private static final String FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern LABEL = Pattern.compile("^" + FMT + "$");

  private Dns1035() {}

  static List<String> validate(String value) {
    List<String> errs = new ArrayList<>();
    if (value.getBytes(StandardCharsets.UTF_8).length > 63) {
      errs.add("must be no more than 63 characters");
    }
    if (!LABEL.matcher(value).matches()) {
      errs.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
          + "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
          + "validation is '" + FMT + "')");
    }
    return errs;
  }
}
