"""Watches the pods of a namespace with the official Python client (kubernetes 22.6).

Prints one line per event, "TYPE name", and stops after the pod named by the last argument
has been seen or after the watch's timeoutSeconds.
usage: watch_pods.py SERVER NAMESPACE TIMEOUT_SECONDS LAST_POD
"""
import sys

from kubernetes import client, watch

server, namespace, timeout, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
configuration = client.Configuration()
configuration.host = server
pods = client.CoreV1Api(client.ApiClient(configuration))
stream = watch.Watch()
for event in stream.stream(pods.list_namespaced_pod, namespace, timeout_seconds=timeout):
    name = event["object"].metadata.name
    print(event["type"], name, flush=True)
    if name == last:
        stream.stop()
print("END", flush=True)
