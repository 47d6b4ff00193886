#!/bin/sh
# Run once after MinIO starts (the minio-setup service of docker-compose.yml): creates the buckets and two
# least-privilege users, so that the root account stays with the operator and no worker can touch what it should not.
#   gsam-worker:   reads photos; reads, writes and deletes job outputs (jobs/*) in the results bucket.
#   gsam-producer: uploads photos; writes batch manifests (batches/*) and reads results (gsam submit, gsam results).
set -eu
: "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}" "${S3_WORKER_ACCESS_KEY:?}" "${S3_WORKER_SECRET_KEY:?}"
: "${S3_PRODUCER_ACCESS_KEY:?}" "${S3_PRODUCER_SECRET_KEY:?}" "${GSAM_IMAGES_BUCKET:?}" "${GSAM_RESULTS_BUCKET:?}"

mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing "local/$GSAM_IMAGES_BUCKET" "local/$GSAM_RESULTS_BUCKET"

for role in worker producer; do
  sed -e "s/@IMAGES@/$GSAM_IMAGES_BUCKET/g" -e "s/@RESULTS@/$GSAM_RESULTS_BUCKET/g" "/etc/gsam-minio/$role-policy.json" > "/tmp/gsam-$role.json"
  mc admin policy create local "gsam-$role" "/tmp/gsam-$role.json"
done

mc admin user add local "$S3_WORKER_ACCESS_KEY" "$S3_WORKER_SECRET_KEY"
mc admin user add local "$S3_PRODUCER_ACCESS_KEY" "$S3_PRODUCER_SECRET_KEY"
# Attaching a policy that is already attached fails; on a second start that is the expected state.
mc admin policy attach local gsam-worker --user "$S3_WORKER_ACCESS_KEY" 2>/dev/null || true
mc admin policy attach local gsam-producer --user "$S3_PRODUCER_ACCESS_KEY" 2>/dev/null || true
mc admin policy entities local --user "$S3_WORKER_ACCESS_KEY" | grep -q gsam-worker
mc admin policy entities local --user "$S3_PRODUCER_ACCESS_KEY" | grep -q gsam-producer
echo "MinIO ready: buckets $GSAM_IMAGES_BUCKET and $GSAM_RESULTS_BUCKET, users $S3_WORKER_ACCESS_KEY and $S3_PRODUCER_ACCESS_KEY"
