package io.firebreak.agent;

public final class AgentMain {
  public static void main(String[] args) {}
}
