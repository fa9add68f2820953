#!/usr/bin/env bash
# Runs a Kafka command-line tool with the local broker's class path. The class may be given short
# (resolved in org.apache.kafka.tools, its consumer/ and consumer/group/ packages) or fully qualified.
#   infra/kafka/tool.sh TopicCommand --bootstrap-server "$KAFKA_BROKERS" --list
#   infra/kafka/tool.sh ConsumerGroupCommand --bootstrap-server "$KAFKA_BROKERS" --describe --all-groups
#   infra/kafka/tool.sh ConsoleConsumer --bootstrap-server "$KAFKA_BROKERS" --topic t --from-beginning
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
source "$TKS_ROOT/infra/kafka/lib.sh"

[[ $# -ge 1 ]] || { sed -n '2,6p' "${BASH_SOURCE[0]}" >&2; exit 2; }
"$TKS_ROOT/infra/kafka/fetch.sh"
cls="$1"; shift
if [[ "$cls" != *.* ]]; then
  case "$cls" in
    ConsoleConsumer|ConsoleShareConsumer) cls="org.apache.kafka.tools.consumer.$cls" ;;
    ConsumerGroupCommand|ShareGroupCommand) cls="org.apache.kafka.tools.consumer.group.$cls" ;;
    StorageTool) cls="kafka.tools.StorageTool" ;;
    *) cls="org.apache.kafka.tools.$cls" ;;
  esac
fi
exec "${KAFKA_TOOL[@]}" "$cls" "$@"
