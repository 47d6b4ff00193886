#!/usr/bin/env python3
"""Submits a folder of photos to gsam's segmentation workers from Python, as `gsam submit` does.

Uploads each photo to {images bucket}/uploads/{batch}/{relative path} with boto3, then publishes one raw-JSON
SegmentImage per photo to the exchange GroundedSam.Contracts:SegmentImage, persistent, with publisher confirms and the
mandatory flag: a job the broker did not take, or could route to no queue (no segmentation worker has ever started on
this broker), stops the script with an error instead of vanishing. Prints the batch id, then one line per job.

    python3 submit.py photos/ --prompt "monitor. keyboard. mouse." [--batch UUID] [--config gsam.json]
"""

import argparse
import datetime
import json
import mimetypes
import pathlib
import sys
import uuid

import pika

import gsam_wire

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=pathlib.Path)
    parser.add_argument("--prompt", required=True, help='Grounding DINO prompt, e.g. "monitor. keyboard. mouse."')
    parser.add_argument("--batch", type=uuid.UUID, default=None, help="reuse a batch id (the same job ids)")
    parser.add_argument("--config", help="JSON file with RabbitMq and Storage sections, as the workers' appsettings.json")
    args = parser.parse_args()

    photos = sorted(p for p in args.folder.rglob("*") if p.is_file() and not p.is_symlink() and p.suffix.lower() in PHOTO_SUFFIXES)
    if not photos:
        sys.exit(f"no photos (.jpg, .jpeg, .png, .webp) in {args.folder}")

    values = gsam_wire.settings(args.config)
    s3 = gsam_wire.storage(values)
    bucket = gsam_wire.images_bucket(values)
    batch = args.batch or uuid.uuid4()
    submitted_at = datetime.datetime.now(datetime.timezone.utc).isoformat()

    connection = gsam_wire.broker(values)
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        print(f"batch {batch}", flush=True)
        for photo in photos:
            relative = photo.relative_to(args.folder).as_posix()
            key = f"uploads/{batch.hex}/{relative}"
            content_type = mimetypes.guess_type(photo.name)[0] or "application/octet-stream"
            s3.upload_file(str(photo), bucket, key, ExtraArgs={"ContentType": content_type})
            job = {
                "jobId": str(gsam_wire.job_id(batch, relative)),
                "batchId": str(batch),
                "image": {"bucket": bucket, "key": key},
                "prompt": args.prompt,
                "submittedAt": submitted_at,
            }
            try:
                channel.basic_publish(
                    gsam_wire.SEGMENT_IMAGE_EXCHANGE, "", json.dumps(job).encode("utf-8"),
                    pika.BasicProperties(content_type="application/json", delivery_mode=2),
                    mandatory=True)
            except pika.exceptions.UnroutableError:
                sys.exit("the broker routed the job to no queue: start a segmentation worker once (it declares segment-image), then submit again")
            except pika.exceptions.NackError:
                sys.exit(f"the broker refused job {job['jobId']}: submit again (same --batch {batch}: the same job ids)")
            except pika.exceptions.ChannelClosedByBroker as error:
                sys.exit(f"the broker closed the channel ({error.reply_text}): has a segmentation worker ever started on this broker?")
            print(f"job {job['jobId']} {relative}", flush=True)
    finally:
        connection.close()


if __name__ == "__main__":
    main()
