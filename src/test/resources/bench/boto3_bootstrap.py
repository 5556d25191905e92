#!/usr/bin/env python3
"""The boto3 side of BootstrapBenchmark: the same items, written with boto3's batch_writer, as a Python user would.

Usage: boto3_bootstrap.py ENDPOINT TABLE ITEMS_FILE
ITEMS_FILE holds one item per line in DynamoDB's JSON ({"PK": {"S": "..."}, ...}), grouped by attendee as bootstrap
writes them. The table exists already. Prints one JSON line: seconds (writes only), items, cpu (this process's
CPU seconds during the writes) and maxrss_kb (this process's peak resident memory).
"""
import json
import resource
import sys
import time

import boto3
from boto3.dynamodb.types import TypeDeserializer


def peak_rss_kb():
    # VmHWM, not ru_maxrss: a process started by a JVM inherits the JVM's peak in ru_maxrss across the exec.
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    endpoint, table_name, items_file = sys.argv[1:4]
    deserialize = TypeDeserializer().deserialize
    with open(items_file, encoding="utf-8") as f:
        # Converted before the clock starts: the Java sides also build their items before they time the writes.
        items = [{k: deserialize(v) for k, v in json.loads(line).items()} for line in f if line.strip()]
    table = boto3.resource(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="WSADMIN",
        aws_secret_access_key="x",
    ).Table(table_name)
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    with table.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    print(json.dumps({
        "seconds": seconds,
        "items": len(items),
        "cpu": cpu,
        "maxrss_kb": peak_rss_kb(),
    }))


if __name__ == "__main__":
    main()
