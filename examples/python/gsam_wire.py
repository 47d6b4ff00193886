"""What both examples share: connections from the same settings as gsam's workers, and the wire names.

Settings come from the environment, named as the workers name them (docs/messages.md, README "Configuration"):
RabbitMq__Host, RabbitMq__Port, RabbitMq__VirtualHost, RabbitMq__Username, RabbitMq__Password,
Storage__Endpoint (host:port or an http(s) URL), Storage__AccessKey, Storage__SecretKey, Storage__ImagesBucket,
Storage__ResultsBucket. A --config FILE in gsam's JSON layout ({"RabbitMq": {...}, "Storage": {...}}) is read first.
"""

import json
import os
import uuid

import boto3
import pika
from botocore.config import Config

SEGMENT_IMAGE_EXCHANGE = "GroundedSam.Contracts:SegmentImage"
INPAINT_READY_EXCHANGE = "GroundedSam.Contracts:InpaintReady"

# gsam submit's job ids: uuid5 in gsam's namespace of "{batch hex}/{relative path}", so a batch sent again keeps them.
JOB_NAMESPACE = uuid.UUID("5b0e4f55-2a0c-4b7e-9a43-0c1f6d2e8a71")


def job_id(batch_id: uuid.UUID, relative_path: str) -> uuid.UUID:
    return uuid.uuid5(JOB_NAMESPACE, f"{batch_id.hex}/{relative_path}")


def settings(config_file=None):
    values = {}
    if config_file:
        with open(config_file, encoding="utf-8") as f:
            for section, entries in json.load(f).items():
                for key, value in (entries or {}).items():
                    values[f"{section}__{key}"] = str(value)
    values.update({k: v for k, v in os.environ.items() if k.startswith(("RabbitMq__", "Storage__"))})
    return values


def broker(values):
    credentials = pika.PlainCredentials(values.get("RabbitMq__Username", "guest"), values.get("RabbitMq__Password", "guest"))
    parameters = pika.ConnectionParameters(
        host=values.get("RabbitMq__Host", "localhost"),
        port=int(values.get("RabbitMq__Port", "5672")),
        virtual_host=values.get("RabbitMq__VirtualHost", "/"),
        credentials=credentials,
        heartbeat=60,
        blocked_connection_timeout=300,
    )
    return pika.BlockingConnection(parameters)


def storage(values):
    endpoint = values.get("Storage__Endpoint", "localhost:9000")
    if not endpoint.startswith(("http://", "https://")):
        scheme = "https" if values.get("Storage__UseTls", "false").lower() == "true" else "http"
        endpoint = f"{scheme}://{endpoint}"
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=values.get("Storage__AccessKey"),
        aws_secret_access_key=values.get("Storage__SecretKey"),
        region_name=values.get("Storage__Region", "us-east-1"),
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 5, "mode": "standard"}),
    )


def images_bucket(values):
    return values.get("Storage__ImagesBucket", "gsam-images")


def results_bucket(values):
    return values.get("Storage__ResultsBucket", "gsam-results")
