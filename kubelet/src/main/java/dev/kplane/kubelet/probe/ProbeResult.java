package dev.kplane.kubelet.probe;

public enum ProbeResult { SUCCESS, FAILURE, UNKNOWN }
