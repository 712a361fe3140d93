#!/bin/sh
# Forms the Redis Cluster of docker-compose.yml from the nodes given as arguments (host:port; with
# --cluster-replicas 1 the first half become masters and the second half their replicas), once every node answers.
# Idempotent: a whole cluster (every node up, knowing every other, every slot served) is left as it is, so running it
# again (every `docker compose up` does) changes nothing. Anything else is formed afresh.
#
# Forming afresh loses what the nodes held, which here is always allowed: Redis is a cache in front of DynamoDB, each
# answer kept beside the generation counter it is valid for, and a flushed cache only answers from DynamoDB until it
# fills again. The nodes keep no state across a restart either (their cluster configuration lives in a tmpfs): a node
# that came back with a new address but its old configuration could not find its peers, and one that comes back empty
# is put back by running this again (docker compose up).
#
# The password comes in REDISCLI_AUTH, which redis-cli reads, so it is never on a command line.
set -eu

if [ -z "${REDISCLI_AUTH:-}" ]; then
    echo "REDISCLI_AUTH (the nodes' password) is not set" >&2
    exit 2
fi
if [ "$#" -lt 6 ]; then
    echo "usage: $0 host:port ... (six nodes or more: three masters and a replica each)" >&2
    exit 2
fi
nodes=$#

host() { echo "${1%:*}"; }
port() { echo "${1##*:}"; }
cli() { h=$(host "$1"); p=$(port "$1"); shift; redis-cli -h "$h" -p "$p" "$@"; }
info() { cli "$1" cluster info 2>/dev/null | tr -d '\r' | sed -n "s/^$2://p"; }

# 1. every node answers (at most a minute)
for node in "$@"; do
    tries=0
    until [ "$(cli "$node" ping 2>/dev/null)" = "PONG" ]; do
        tries=$((tries + 1))
        if [ "$tries" -ge 60 ]; then
            echo "$node does not answer" >&2
            exit 1
        fi
        sleep 1
    done
done

# 2. a whole cluster is left as it is
whole() {
    for node in "$@"; do
        [ "$(info "$node" cluster_state)" = "ok" ] || return 1
        [ "$(info "$node" cluster_known_nodes)" = "$nodes" ] || return 1
        [ "$(info "$node" cluster_slots_assigned)" = "16384" ] || return 1
    done
}
if whole "$@"; then
    echo "the cluster of $nodes nodes is whole: nothing to do"
    exit 0
fi

# 3. otherwise every node starts again empty and alone, and they form the cluster. CLUSTER MEET takes addresses, not
#    host names (the nodes announce their host names to clients themselves: cluster-announce-hostname).
addresses=""
for node in "$@"; do
    ip=$(getent ahostsv4 "$(host "$node")" | awk 'NR == 1 { print $1 }')
    if [ -z "$ip" ]; then
        echo "$(host "$node") does not resolve" >&2
        exit 1
    fi
    addresses="$addresses $ip:$(port "$node")"
    # a master holding keys refuses to reset, and a client may write between the flush and the reset: a few tries
    tries=0
    until { cli "$node" flushall >/dev/null 2>&1 || true; cli "$node" cluster reset hard 2>/dev/null | grep -q OK; }; do
        tries=$((tries + 1))
        if [ "$tries" -ge 5 ]; then
            echo "$(host "$node") does not reset" >&2
            exit 1
        fi
        sleep 1
    done
done
echo "forming the cluster of$addresses"
# shellcheck disable=SC2086 # one argument per node
# redis-cli waits for the nodes to meet with no end of its own: two minutes at most
timeout 120 redis-cli --cluster create $addresses --cluster-replicas 1 --cluster-yes

# 4. done when every node sees the whole cluster (at most a minute)
tries=0
until whole "$@"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
        echo "the cluster is not whole a minute after it was formed" >&2
        for node in "$@"; do cli "$node" cluster info >&2 || true; done
        exit 1
    fi
    sleep 1
done
redis-cli --cluster check "$(echo "$addresses" | awk '{ print $1 }')"
