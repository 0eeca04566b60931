package dev.samizdat.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the test-vector files under {@code src/test/resources/vectors}: '#' comment lines, then blocks of
 * {@code name = value} lines separated by blank lines. Each block is one case.
 */
final class VectorFile {
  private VectorFile() {}

  /** One test case: named string fields, most of them hex. */
  record Case(Map<String, String> fields) {
    String get(String name) {
      String value = fields.get(name);
      if (value == null) {
        throw new IllegalArgumentException("vector " + this + " has no field " + name);
      }
      return value;
    }

    boolean has(String name) {
      return fields.containsKey(name);
    }

    byte[] hex(String name) {
      return Bytes.fromHex(get(name));
    }

    String result() {
      return get("result");
    }

    boolean hasFlag(String flag) {
      return has("flags") && List.of(get("flags").split(" ")).contains(flag);
    }

    @Override
    public String toString() {
      return "tcId " + fields.getOrDefault("tcId", "?") + " (" + fields.getOrDefault("comment", "") + ")";
    }
  }

  static List<Case> load(String resource) {
    try (InputStream in = VectorFile.class.getResourceAsStream("/vectors/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no vector file " + resource);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Case> parse(String text) {
    List<Case> cases = new ArrayList<>();
    Map<String, String> current = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("#")) {
        continue;
      }
      if (line.isBlank()) {
        if (!current.isEmpty()) {
          cases.add(new Case(current));
          current = new LinkedHashMap<>();
        }
        continue;
      }
      int eq = line.indexOf(" =");
      if (eq < 0) {
        throw new IllegalArgumentException("not a 'name = value' line: " + line);
      }
      String value = line.substring(eq + 2).strip();
      current.put(line.substring(0, eq).strip(), value);
    }
    if (!current.isEmpty()) {
      cases.add(new Case(current));
    }
    return cases;
  }
}
