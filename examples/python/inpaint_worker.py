#!/usr/bin/env python3
"""An inpainting worker on gsam's wire contract, in Python: InpaintReady in, an inpainted photo out.

It binds its own durable queue (default "inpaint") to the exchange GroundedSam.Contracts:InpaintReady, takes one
event at a time, downloads the photo and the merged mask the event names, repaints the masked pixels and stores the
result as jobs/{jobId}/inpainted.png in the results bucket, beside the job's other files. It acknowledges only after
storing, so a worker that dies mid-job leaves the event to the next one. Delivery is at least once: an event whose
result is already stored (or that this process has already handled) is acknowledged without work.

The painter: diffusers' StableDiffusionXLInpaintPipeline when diffusers, torch and a CUDA GPU are there (model from
--model, prompt from --prompt); otherwise a stand-in that runs anywhere with Pillow alone: the masked pixels are
filled by repeated blurring from their surroundings (a smooth, plausible fill of the right colours, not a
generated image). The mask's polarity is honoured: ObjectsWhite repaints the white pixels, ObjectsBlack the black.

    python3 inpaint_worker.py [--queue inpaint] [--max-jobs N] [--idle-exit SECONDS] [--config gsam.json]
"""

import argparse
import io
import json
import sys
import time

from botocore.exceptions import BotoCoreError, ClientError
from PIL import Image, ImageChops, ImageFilter

import gsam_wire

MAX_DOWNLOAD_BYTES = 256 * 1024 * 1024
MAX_PIXELS = 50_000_000


def load_painter(args):
    try:
        import torch
        from diffusers import StableDiffusionXLInpaintPipeline
    except ImportError:
        return "pillow-blur-fill", blur_fill
    if not torch.cuda.is_available():
        return "pillow-blur-fill", blur_fill
    pipeline = StableDiffusionXLInpaintPipeline.from_pretrained(args.model, torch_dtype=torch.float16).to("cuda")

    def sdxl(photo, repaint):
        result = pipeline(prompt=args.prompt, image=photo, mask_image=repaint, width=photo.width // 8 * 8, height=photo.height // 8 * 8).images[0]
        return Image.composite(result.resize(photo.size), photo, repaint)

    return f"sdxl:{args.model}", sdxl


def blur_fill(photo, repaint, rounds=24):
    """Fills the white pixels of `repaint` from their surroundings; the other pixels are the photo's, untouched."""
    keep = ImageChops.invert(repaint)
    if keep.getbbox() is None:
        return photo.copy()
    filled = Image.composite(photo, Image.new("RGB", photo.size, average_colour(photo, keep)), keep)
    radius = max(photo.size) / 8
    for _ in range(rounds):
        filled = Image.composite(photo, filled.filter(ImageFilter.GaussianBlur(radius)), keep)
        radius = max(1.0, radius * 0.8)
    return filled


def average_colour(photo, keep):
    histogram = photo.histogram(mask=keep)
    colour = []
    for channel in range(3):
        counts = histogram[channel * 256:(channel + 1) * 256]
        total = sum(counts)
        colour.append(round(sum(i * c for i, c in enumerate(counts)) / total) if total else 128)
    return tuple(colour)


def read_object(s3, reference):
    head = s3.head_object(Bucket=reference["bucket"], Key=reference["key"])
    if head["ContentLength"] > MAX_DOWNLOAD_BYTES:
        raise ValueError(f"{reference['key']} is {head['ContentLength']} bytes, over the {MAX_DOWNLOAD_BYTES}-byte limit")
    return s3.get_object(Bucket=reference["bucket"], Key=reference["key"])["Body"].read()


def is_missing(error):
    return isinstance(error, ClientError) and error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound")


def exists(s3, bucket, key):
    try:
        s3.head_object(Bucket=bucket, Key=key)
        return True
    except ClientError as error:
        if is_missing(error):
            return False
        raise


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queue", default="inpaint", help="this worker's durable queue, bound to InpaintReady")
    parser.add_argument("--max-jobs", type=int, default=0, help="stop after this many events (0: run until stopped)")
    parser.add_argument("--idle-exit", type=float, default=0, help="stop after this many seconds without an event (0: never)")
    parser.add_argument("--model", default="diffusers/stable-diffusion-xl-1.0-inpainting-0.1")
    parser.add_argument("--prompt", default="an empty wooden desk, photo")
    parser.add_argument("--config", help="JSON file with RabbitMq and Storage sections, as the workers' appsettings.json")
    args = parser.parse_args()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS

    values = gsam_wire.settings(args.config)
    s3 = gsam_wire.storage(values)
    results = gsam_wire.results_bucket(values)
    painter_name, paint = load_painter(args)
    connection = gsam_wire.broker(values)
    channel = connection.channel()
    channel.exchange_declare(gsam_wire.INPAINT_READY_EXCHANGE, exchange_type="fanout", durable=True)
    channel.queue_declare(args.queue, durable=True)
    channel.queue_bind(args.queue, gsam_wire.INPAINT_READY_EXCHANGE)
    channel.basic_qos(prefetch_count=1)
    print(f"listening on {args.queue} with {painter_name}", flush=True)

    handled = set()
    events = 0
    last_event = time.monotonic()
    for method, properties, body in channel.consume(args.queue, inactivity_timeout=1):
        if method is None:
            if args.idle_exit and time.monotonic() - last_event >= args.idle_exit:
                break
            continue
        last_event = time.monotonic()
        events += 1
        try:
            envelope = json.loads(body)
            ready = envelope.get("message", envelope)
            job = ready["jobId"]
            target = f"jobs/{job.replace('-', '')}/inpainted.png"
            if job in handled or exists(s3, results, target):
                print(f"skip {job}: already inpainted", flush=True)
            else:
                started = time.monotonic()
                photo = Image.open(io.BytesIO(read_object(s3, ready["image"]))).convert("RGB")
                mask = Image.open(io.BytesIO(read_object(s3, ready["mask"]))).convert("L")
                if mask.size != photo.size:
                    raise ValueError(f"the mask is {mask.size}, the photo {photo.size}")
                repaint = mask.point(lambda v: 255 if v >= 128 else 0)
                if ready.get("polarity") == "ObjectsBlack":
                    repaint = ImageChops.invert(repaint)
                result = paint(photo, repaint)
                content = io.BytesIO()
                result.save(content, format="PNG")
                s3.put_object(Bucket=results, Key=target, Body=content.getvalue(), ContentType="image/png")
                handled.add(job)
                print(f"inpainted {job} -> {results}/{target} in {time.monotonic() - started:.2f} s", flush=True)
            channel.basic_ack(method.delivery_tag)
        except (BotoCoreError, ClientError) as error:
            if not is_missing(error):
                # The store hiccupped: the event goes back to the queue for another try.
                print(f"retrying an event later: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
                channel.basic_nack(method.delivery_tag, requeue=True)
                time.sleep(1)
            else:
                print(f"dropped an event: a file it names is gone: {error}", file=sys.stderr, flush=True)
                channel.basic_reject(method.delivery_tag, requeue=False)
        except (KeyError, ValueError, TypeError, OSError, Image.DecompressionBombError) as error:
            # The event or its files are broken: no retry changes that. Dropped with a line that says which.
            print(f"dropped an event: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
            channel.basic_reject(method.delivery_tag, requeue=False)
        if args.max_jobs and events >= args.max_jobs:
            break
    channel.cancel()
    connection.close()


if __name__ == "__main__":
    main()
