package io.firebreak.orchestrator;

public final class FirebreakApplication {
  public static void main(String[] args) {}
}
