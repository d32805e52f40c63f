#!/bin/sh
# RDD.pipe's command: the partition's JSONL lines on standard input, unboil's JSON records on
# standard output. `unboil clean -` reads one page from standard input, so the lines are saved as
# a JSONL dump in a temporary folder first (a partition, not the dataset), then cleaned in order.
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/part.jsonl"
"${UNBOIL:-unboil}" clean "$dir/part.jsonl" --format jsonl -q
