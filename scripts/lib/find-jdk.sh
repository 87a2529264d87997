# shellcheck shell=bash
# Finds a JDK (or JRE) whose java is version 21 or newer. Sourced by ./taskexec and scripts/test.
#
#   taskexec_find_jdk        prints the home directory of the first one found, or returns 1
#   taskexec_java_major DIR  prints the major version of DIR/bin/java (e.g. 21), or returns 1
#   taskexec_no_jdk_message  prints how to install one
#
# Order: $JAVA_HOME, the java on the PATH, then the usual install locations (/usr/lib/jvm,
# /opt/java, macOS's /Library/Java/JavaVirtualMachines, SDKMAN). The version is read by running
# `java -version`, never guessed from a directory name.

TASKEXEC_MIN_JAVA=21

taskexec_java_major() {
  [ -x "$1/bin/java" ] || return 1
  taskexec_java_major_of_cmd "$1/bin/java"
}

# The major version of the java command $1 (a path, or "java" for the one on the PATH).
taskexec_java_major_of_cmd() {
  local line version
  line=$("$1" -version 2>&1 | grep -m1 -E 'version "[^"]+"') || return 1
  version=${line#*version \"}
  version=${version%%\"*}
  case "$version" in
    1.*) version=${version#1.} ;;   # 1.8.0_292 -> 8
  esac
  version=${version%%[.+-]*}
  case "$version" in
    '' | *[!0-9]*) return 1 ;;
  esac
  printf '%s\n' "$version"
}

# The java.home of the `java` command on the PATH (follows macOS stubs and symlinks).
taskexec_path_java_home() {
  command -v java >/dev/null 2>&1 || return 1
  java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p' | head -n1
}

# True when DIR/bin/java runs and is version 21 or newer.
taskexec_is_jdk21() {
  local major
  major=$(taskexec_java_major "$1" 2>/dev/null) || return 1
  [ "$major" -ge "$TASKEXEC_MIN_JAVA" ]
}

taskexec_find_jdk() {
  local candidate real seen="|"
  if [ -n "${JAVA_HOME:-}" ] && taskexec_is_jdk21 "$JAVA_HOME"; then
    printf '%s\n' "$JAVA_HOME"
    return 0
  fi
  if command -v java >/dev/null 2>&1 && [ "$(taskexec_java_major_of_cmd java)" -ge "$TASKEXEC_MIN_JAVA" ] 2>/dev/null; then
    candidate=$(taskexec_path_java_home 2>/dev/null)
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "${HOME:-/nonexistent}"/.sdkman/candidates/java/*; do
    [ -d "$candidate" ] || continue
    real=$(cd "$candidate" 2>/dev/null && pwd -P) || continue
    case "$seen" in *"|$real|"*) continue ;; esac   # the same JDK under another name (symlinks)
    seen="$seen$real|"
    if taskexec_is_jdk21 "$candidate"; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

taskexec_no_jdk_message() {
  cat >&2 <<MSG
taskexec: no JDK $TASKEXEC_MIN_JAVA or newer found (looked at JAVA_HOME, java on the PATH, /usr/lib/jvm,
  /opt/java, /Library/Java/JavaVirtualMachines and ~/.sdkman/candidates/java).
  Install one, then run this again:
    Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk   (or temurin-21-jdk from adoptium.net)
    macOS:          brew install openjdk@21
    SDKMAN:         sdk install java 21-tem
  or point JAVA_HOME at an existing JDK $TASKEXEC_MIN_JAVA+.
MSG
}
