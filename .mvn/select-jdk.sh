# Sourced by ./mvnw before it starts Maven (POSIX sh). The Camunda Connector SDK, its template
# generator and the in-memory engine are Java 21 bytecode, so Maven itself must run on JDK 21+.
# When JAVA_HOME (or the java on PATH) is older, pick the newest JDK 21+ found under /usr/lib/jvm
# (or MVNW_JDK_SEARCH_PATH) and export it as JAVA_HOME. The build emits Java 21 bytecode whatever
# JDK 21+ runs it.
#
# ./mvnw sources this file from one line near its top; after upgrading the wrapper with
# `mvn wrapper:wrapper`, put that line back (see the README's development section).
mvnw_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
mvnw_current_java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! [ "$(mvnw_java_major "$mvnw_current_java" 2>/dev/null || echo 0)" -ge 21 ] 2>/dev/null; then
  mvnw_best_home="" mvnw_best_major=0
  set +f
  for mvnw_home in ${MVNW_JDK_SEARCH_PATH:-/usr/lib/jvm}/*; do
    [ -x "$mvnw_home/bin/javac" ] || continue
    mvnw_major="$(mvnw_java_major "$mvnw_home/bin/java" || true)"
    if [ -n "$mvnw_major" ] && [ "$mvnw_major" -ge 21 ] && [ "$mvnw_major" -gt "$mvnw_best_major" ]; then
      mvnw_best_home="$mvnw_home" mvnw_best_major="$mvnw_major"
    fi
  done
  set -f
  if [ -n "$mvnw_best_home" ]; then
    JAVA_HOME="$mvnw_best_home"
    export JAVA_HOME
  else
    echo "This build needs a JDK 21 or newer: set JAVA_HOME to one." >&2
    exit 1
  fi
fi

