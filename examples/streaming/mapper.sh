#!/bin/sh
# A Hadoop Streaming / Spark pipe() mapper: report JSON Lines in on stdin, one
# result line per report out on stdout. govlua keeps memory flat however many
# lines arrive, so the same command works for a file of ten reports and for a
# split of ten million. GOVLUA names the binary (default: govlua on PATH).
exec "${GOVLUA:-govlua}" -q --jsonl -f jsonl -j 1 -
