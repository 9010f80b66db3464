#!/usr/bin/env bash
# The system packages graphsvc needs: a JDK (17 or later) and Maven, which
# fetches Neo4j from Maven Central once, and a C compiler, pkg-config and ICU's
# headers, which PyICU is built with. Installed from Debian's packages when
# missing and we may (root with apt-get); otherwise we say what to install.
# Python 3.11+ is assumed.
set -euo pipefail

need=()
have_jdk=0
for home in "${GRAPHSVC_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [ -n "$home" ] && [ -x "$home/bin/javac" ]; then have_jdk=1; break; fi
done
[ "$have_jdk" = 1 ] || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
# PyICU (transliteration) has no wheels: pip builds it against the system's ICU.
command -v cc >/dev/null 2>&1 || need+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if ! pkg-config --exists icu-uc 2>/dev/null; then need+=(libicu-dev); fi

if [ "${#need[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${need[*]} (Debian packages)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "error: graphsvc needs ${need[*]}: install them, or set GRAPHSVC_NEO4J_URI to an existing Neo4j" >&2
  exit 2
fi
