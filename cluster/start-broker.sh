#!/usr/bin/env bash
# Starts an external Artemis 2.40.0 broker for the cluster profile: the `bin` distribution from Maven Central (fetched
# by Maven into ~/.m2 once), unpacked under $CLUSTER_DIR, one broker instance created with the hub's user.
# Usage: cluster/start-broker.sh [port]        prints the broker's pid; stop it with cluster/stop.sh
# Env: CLUSTER_DIR (default target/cluster), SPIE_BROKER_USER / SPIE_BROKER_PASSWORD (default hub / hub-secret).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=2.40.0
PORT=${1:-61616}
DIR=$(realpath -m "${CLUSTER_DIR:-target/cluster}")
USER_NAME=${SPIE_BROKER_USER:-hub}
PASSWORD=${SPIE_BROKER_PASSWORD:-hub-secret}
ARCHIVE=$HOME/.m2/repository/org/apache/activemq/apache-artemis/$VERSION/apache-artemis-$VERSION-bin.tar.gz
mkdir -p "$DIR"
if [ ! -f "$ARCHIVE" ]; then
  mvn -B -q dependency:get -Dartifact=org.apache.activemq:apache-artemis:$VERSION:tar.gz:bin >&2
fi
HOME_DIR=$DIR/apache-artemis-$VERSION
[ -d "$HOME_DIR" ] || tar -xzf "$ARCHIVE" -C "$DIR"
INSTANCE=$DIR/broker-$PORT
if [ ! -d "$INSTANCE" ]; then
  # --no-web: no console to secure; --require-login: every client names itself; persistent journal (NIO: no libaio).
  "$HOME_DIR/bin/artemis" create "$INSTANCE" --user "$USER_NAME" --password "$PASSWORD" --require-login \
      --no-web --no-autotune --nio --host 127.0.0.1 --default-port "$PORT" --no-hornetq-acceptor \
      --no-mqtt-acceptor --silent --queues spie.exchange.accepted,spie.dead-letter >&2
  # The same redelivery policy as the embedded broker (fr.spie.hub.broker.BrokerConfiguration): a few attempts with
  # growing delays, then the hub's dead-letter queue.
  sed -i -e 's|<dead-letter-address>DLQ</dead-letter-address>|<dead-letter-address>spie.dead-letter</dead-letter-address><max-delivery-attempts>5</max-delivery-attempts><redelivery-delay-multiplier>2.0</redelivery-delay-multiplier><max-redelivery-delay>30000</max-redelivery-delay>|' \
         -e 's|<redelivery-delay>0</redelivery-delay>|<redelivery-delay>500</redelivery-delay>|' "$INSTANCE/etc/broker.xml"
fi
# A small heap: the cluster test runs two hubs and PostgreSQL beside it on a shared machine.
export JAVA_ARGS="-Xms64m -Xmx384m -XX:+UseSerialGC"
nohup "$INSTANCE/bin/artemis" run > "$INSTANCE/log/console.log" 2>&1 &
PID=$!
echo $PID > "$INSTANCE/broker.pid"
for _ in $(seq 1 120); do
  if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then echo $PID; exit 0; fi
  if ! kill -0 $PID 2>/dev/null; then echo "broker exited: see $INSTANCE/log/console.log" >&2; exit 1; fi
  sleep 0.5
done
echo "broker not listening on $PORT after 60 s: see $INSTANCE/log/console.log" >&2; exit 1
