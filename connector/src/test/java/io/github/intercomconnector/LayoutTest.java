/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout docs/development.md describes, kept: files a reader holds in mind, the Camunda edge
 * above the steps, the client and its rate-limit line below both and free of Camunda, and a public
 * API that never asks for a type its caller cannot name.
 */
class LayoutTest {

  static final int MAX_LINES = 400;
  static final Path MAIN = Path.of("src/main/java/io/github/intercomconnector");
  static final Path CLASSES = Path.of("target/classes/io/github/intercomconnector");
  static final Path TESTS = Path.of("src/test/java/io/github/intercomconnector");

  /** Test packages of no main package: the shared fixtures, and the checks of conformance. */
  static final List<String> TEST_ONLY = List.of("testing", "contract", "templates");

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }

  @Test
  void noMainSourceFileIsLongerThan400Lines() throws IOException {
    List<String> long_ = new ArrayList<>();
    for (Path source : files(MAIN, ".java")) {
      long lines = Files.readAllLines(source).size();
      if (lines > MAX_LINES) {
        long_.add(MAIN.relativize(source) + " (" + lines + " lines)");
      }
    }
    assertThat(long_).as("main source files over %d lines", MAX_LINES).isEmpty();
  }

  /** What the compiled classes of one package refer to, as constant-pool text. */
  private static List<String> referencing(String pkg, String... forbidden) throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> classes = files(CLASSES.resolve(pkg), ".class");
    assertThat(classes).as("classes of %s", pkg).isNotEmpty();
    for (Path file : classes) {
      if (!file.getParent().equals(CLASSES.resolve(pkg))) {
        continue; // a sub-package is checked on its own
      }
      String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String f : forbidden) {
        if (constants.contains(f)) {
          found.add(CLASSES.relativize(file) + " refers to " + f);
        }
      }
    }
    return found;
  }

  /**
   * A reader who meets a type's simple name knows which type it is: no two classes, records, enums
   * or interfaces of the main code share one, nested ones included.
   */
  @Test
  void noTwoMainTypesShareASimpleName() throws IOException {
    java.util.regex.Pattern declaration =
        java.util.regex.Pattern.compile(
            "^\\s*(?:(?:public|private|protected|static|final|sealed|abstract|non-sealed)\\s+)*"
                + "(?:class|record|enum|interface)\\s+(\\w+)",
            java.util.regex.Pattern.MULTILINE);
    java.util.Map<String, List<String>> places = new java.util.TreeMap<>();
    for (Path source : files(MAIN, ".java")) {
      java.util.regex.Matcher m = declaration.matcher(Files.readString(source));
      while (m.find()) {
        places
            .computeIfAbsent(m.group(1), k -> new ArrayList<>())
            .add(MAIN.relativize(source).toString());
      }
    }
    places.values().removeIf(where -> where.size() == 1);
    assertThat(places).as("simple names declared more than once").isEmpty();
    assertThat(files(MAIN, ".java")).as("the sources read").hasSizeGreaterThan(50);
  }

  @Test
  void theClientAndItsRateLimitLineKnowNothingOfCamundaNorOfTheTasks() throws IOException {
    String[] above = {
      "io/camunda/",
      "io/github/intercomconnector/outbound/",
      "io/github/intercomconnector/steps/",
      "io/github/intercomconnector/model/",
      "io/github/intercomconnector/lookup/"
    };
    assertThat(referencing("client", above)).isEmpty();
    assertThat(referencing("ratelimit", above)).isEmpty();
    assertThat(referencing("ratelimit", "io/github/intercomconnector/client/"))
        .as("the line sits below the client that calls it")
        .isEmpty();
  }

  @Test
  void theStepsKnowNothingOfCamundaNorOfItsEdge() throws IOException {
    assertThat(referencing("steps", "io/camunda/", "io/github/intercomconnector/outbound/"))
        .isEmpty();
    assertThat(referencing("lookup", "io/camunda/", "io/github/intercomconnector/outbound/"))
        .isEmpty();
  }

  @Test
  void noPublicMethodTakesATypeItsCallerCannotName() throws Exception {
    List<String> found = new ArrayList<>();
    for (Path file : files(CLASSES, ".class")) {
      String name = CLASSES.getParent().getParent().getParent().relativize(file).toString();
      name = name.substring(0, name.length() - ".class".length()).replace('/', '.');
      Class<?> type = Class.forName(name, false, getClass().getClassLoader());
      if (!visible(type)) {
        continue;
      }
      List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
      members.addAll(List.of(type.getDeclaredConstructors()));
      for (Executable member : members) {
        int m = member.getModifiers();
        if (member.isSynthetic() || !(Modifier.isPublic(m) || Modifier.isProtected(m))) {
          continue;
        }
        for (Class<?> parameter : member.getParameterTypes()) {
          Class<?> plain = parameter.isArray() ? parameter.componentType() : parameter;
          if (!plain.isPrimitive() && !visible(plain)) {
            found.add(type.getName() + "." + member.getName() + " takes " + plain.getName());
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }

  /** Whether code in another package can name the type. */
  private static boolean visible(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> packages(Path root) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theTestTreeMirrorsTheMainTreeAndEveryPackageHasTestsOfItsOwn() throws IOException {
    List<String> untested = new ArrayList<>();
    for (String pkg : packages(MAIN)) {
      Path tests = TESTS.resolve(pkg);
      if (!Files.isDirectory(tests) || files(tests, "Test.java").isEmpty()) {
        untested.add(pkg);
      }
    }
    List<String> stray = new ArrayList<>(packages(TESTS));
    stray.removeAll(packages(MAIN));
    stray.removeAll(TEST_ONLY);

    assertThat(untested).as("main packages without tests of their own").isEmpty();
    assertThat(stray).as("test packages that mirror no main package").isEmpty();
  }
}
