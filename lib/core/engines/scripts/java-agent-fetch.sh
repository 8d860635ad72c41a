#!/bin/sh
# Init container: fetches a Java agent's jar onto the data volume, for the server's JVM to load
# (`-javaagent`). The jar comes from KP_AGENT_URL and is kept only if its SHA-256 is KP_AGENT_SHA256
# (pinned by the preset): it is written under a temporary name, checked, then renamed to
# KP_AGENT_JAR, and the jars of other versions in that directory are removed. A jar already there
# with that checksum is kept, so each node fetches it once and later starts need no network.
#
# It never fails the pod: metrics must not keep a database from starting. Without the jar, the
# start script runs the server without the agent and says so; the pod's next start tries again.
# HTTPS is verified against the JVM's own trust store (`keytool -cacerts`), as the database image
# may carry no CA bundle for other clients; the checksum vouches for the jar either way (over a
# plain-HTTP mirror too).
#
# Env: KP_AGENT_URL, KP_AGENT_SHA256, KP_AGENT_JAR; KP_FETCH_ATTEMPTS (3) and KP_FETCH_PAUSE (5 s)
# between them.
set -u
jar="$KP_AGENT_JAR"
dir="$(dirname "$jar")"
part="$jar.part"
ca="$dir/.ca.pem"
# Whatever happens, no half-fetched jar or trust file is left behind.
trap 'rm -f "$part" "$ca"' EXIT

matches() {
  [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$KP_AGENT_SHA256" ]
}

if matches "$jar"; then
  echo "java-agent-fetch: $jar is already there"
  exit 0
fi
if ! mkdir -p "$dir"; then
  echo "java-agent-fetch: cannot create $dir; the server starts without the agent" >&2
  exit 0
fi
case "$KP_AGENT_URL" in
  https://*) keytool -list -rfc -cacerts -storepass changeit >"$ca" 2>/dev/null || rm -f "$ca" ;;
esac

attempt=1
attempts="${KP_FETCH_ATTEMPTS:-3}"
while :; do
  # urllib follows redirects and honours HTTPS_PROXY; a download stops after 60 s without data.
  # (It truncates the file, so a failed attempt leaves nothing for the next one to append to.)
  if python3 - "$KP_AGENT_URL" "$part" "$ca" <<'PY'; then
import os, shutil, ssl, sys, urllib.request
url, out, ca = sys.argv[1:4]
context = ssl.create_default_context(cafile=ca if os.path.exists(ca) else None)
with urllib.request.urlopen(url, timeout=60, context=context) as response, open(out, 'wb') as f:
    shutil.copyfileobj(response, f)
PY
    if matches "$part"; then
      break
    fi
    # Not a transient failure: the repository serves another file under that name.
    echo "java-agent-fetch: $KP_AGENT_URL does not have the SHA-256 $KP_AGENT_SHA256 (got $(sha256sum "$part" | cut -d' ' -f1)); not used, the server starts without the agent" >&2
    exit 0
  else
    echo "java-agent-fetch: fetching $KP_AGENT_URL failed (attempt $attempt of $attempts)" >&2
  fi
  if [ "$attempt" -ge "$attempts" ]; then
    echo "java-agent-fetch: no agent; the server starts without it, and the pod's next start tries again" >&2
    exit 0
  fi
  attempt=$((attempt + 1))
  sleep "${KP_FETCH_PAUSE:-5}"
done
mv "$part" "$jar"
for other in "$dir"/*.jar; do
  [ "$other" = "$jar" ] || rm -f "$other"
done
echo "java-agent-fetch: $jar fetched from $KP_AGENT_URL"
