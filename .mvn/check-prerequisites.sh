#!/bin/sh
# Run by the build in its first seconds (the parent pom's validate phase), so that a fresh
# machine names what it lacks at once instead of failing minutes into the build. Maven itself
# already runs on a JDK 21+ (.mvn/select-jdk.sh, and the enforcer checks it).
#
# The end-to-end module needs Node.js 20+ with npm (the Modeler's own packages) and, unless tests
# are skipped, Chromium for the browser test. A build that leaves that module out
# (`-pl connector`, `./examples/run`) needs neither. Maven exports its command line as
# MAVEN_CMD_LINE_ARGS.
set -eu
args=" ${MAVEN_CMD_LINE_ARGS:-} "
case "$args" in
  *" -pl "*|*" --projects "*|*" -pl="*|*" --projects="*)
    case "$args" in
      *e2e*) ;;
      *) exit 0 ;;
    esac ;;
esac

missing=""
if command -v node >/dev/null 2>&1; then
  major="$(node --version | sed 's/^v\([0-9]*\).*/\1/')"
  if [ "${major:-0}" -lt 20 ]; then
    missing="$missing
  - Node.js 20 or newer (found $(node --version)): https://nodejs.org, or Debian's nodejs"
  fi
else
  missing="$missing
  - Node.js 20 or newer with npm: https://nodejs.org, or Debian's nodejs and npm"
fi
if ! command -v npm >/dev/null 2>&1; then
  missing="$missing
  - npm (comes with Node.js; Debian: apt-get install npm)"
fi
case "$args" in
  *" -DskipTests "*|*" -Dmaven.test.skip "*|*" -DskipTests=true "*|*" -Dmaven.test.skip=true "*) ;;
  *)
    chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
    if [ ! -x "$chromium" ]; then
      missing="$missing
  - Chromium for the Modeler browser test at $chromium: Debian: apt-get install chromium (or set CHROMIUM_PATH)"
    fi ;;
esac
if [ -n "$missing" ]; then
  echo "This build needs what this machine lacks:$missing" >&2
  exit 1
fi
echo "prerequisites: JDK ${JAVA_HOME:-on PATH}, Node.js $(node --version), npm $(npm --version)${chromium:+, Chromium at $chromium}"
