package dev.kplane.apiserver.table;

/**
 * How a Table is rendered.
 *
 * @param apiVersion "meta.k8s.io/v1" or "meta.k8s.io/v1beta1": the Table's own and its PartialObjectMetadata rows'
 * @param include what each row carries as "object"
 * @param noHeaders leave columnDefinitions null; a watch sends them with its first event only
 */
public record TableOptions(String apiVersion, IncludeObject include, boolean noHeaders) {
  public static final String V1 = "meta.k8s.io/v1";
  public static final String V1BETA1 = "meta.k8s.io/v1beta1";

  public static TableOptions of(IncludeObject include) {
    return new TableOptions(V1, include, false);
  }

  public TableOptions withoutHeaders() {
    return new TableOptions(apiVersion, include, true);
  }
}
