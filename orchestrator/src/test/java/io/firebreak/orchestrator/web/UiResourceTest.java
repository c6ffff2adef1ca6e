package io.firebreak.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UiResourceTest {
  final UiResource resource = new UiResource(UiResource.CLASSPATH_ROOT);

  @Test
  void file_servesEachKindWithItsExactContentType() {
    assertThat(resource.file("app.js").getMediaType()).hasToString("text/javascript;charset=utf-8");
    assertThat(resource.file("app.css").getMediaType()).hasToString("text/css;charset=utf-8");
    assertThat(resource.file("favicon.svg").getMediaType()).hasToString("image/svg+xml");
    Response page = resource.index();
    assertThat(page.getStatus()).isEqualTo(200);
    assertThat(page.getMediaType()).hasToString("text/html;charset=utf-8");
    assertThat(text(page)).contains("<main id=\"view\"");
  }

  @Test
  void file_refusesPathsOutsideTheUiAndUnknownKinds() {
    for (String name : new String[] {"..", "../firebreak.yml", "..%2Ffirebreak.yml", "/etc/passwd", ".hidden.js",
        "firebreak.yml", "app.js.map", "App.js", "missing.js", ""}) {
      assertThat(resource.file(name).getStatus()).as(name).isEqualTo(404);
    }
  }

  @Test
  void root_redirectsToTheUi() {
    Response root = resource.root();

    assertThat(root.getStatus()).isEqualTo(303);
    assertThat(root.getLocation()).hasToString("/ui/");
  }

  @Test
  void everyFileThePageLoads_isServed() {
    // A missing module breaks the page without a word on the server, so follow the references:
    // /ui/<file> in the page, ./<file> imports in the scripts.
    Deque<String> pending = new ArrayDeque<>(references(text(resource.index()), "/ui/([a-z0-9.-]+)"));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (!seen.add(name)) {
        continue;
      }
      Response response = resource.file(name);
      assertThat(response.getStatus()).as(name).isEqualTo(200);
      if (name.endsWith(".js")) {
        pending.addAll(references(text(response), "from '\\./([a-z0-9.-]+)'"));
      }
    }
    assertThat(seen).contains("app.js", "app.css", "approval.js", "incident.js");
  }

  private static List<String> references(String text, String pattern) {
    return Pattern.compile(pattern).matcher(text).results().map(match -> match.group(1)).toList();
  }

  private static String text(Response response) {
    return new String((byte[]) response.getEntity(), StandardCharsets.UTF_8);
  }
}
