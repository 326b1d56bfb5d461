package dev.kplane.proxy.nft;

/** One element of a set (value null) or verdict map, with kube-proxy's optional comment naming its service port. */
record Element(String key, String comment, String value) {
  String render() {
    return key + (comment == null ? "" : " comment \"" + comment + "\"") + (value == null ? "" : " : " + value);
  }
}
