"""matrix-nio, an independent Python client, against Examples/MediaServer (run by Scripts/test-media-server-nio.sh).

Phase "before" (server without a freeze): upload, then download through the authenticated endpoint (nio's own
download) and the legacy one (nio's HTTP session). Phase "after" (restarted with the freeze set after the
first upload): the old media is still on both, new media only on the authenticated endpoints.
"""
import asyncio
import io
import json
import os
import sys

from nio import AsyncClient, DownloadResponse, ThumbnailResponse, UploadResponse

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000004000000040802000000269309290000001249444154789c63f8cfc0c0c0c0c0c400010"
    "02e0003fd17ad6c240000000049454e44ae426082")


def check(condition, message, detail=None):
    if not condition:
        print("FAIL: " + message + (f" ({detail})" if detail is not None else ""))
        sys.exit(1)
    print("ok: " + message)


async def upload(client, data, content_type, filename):
    response, _ = await client.upload(io.BytesIO(data), content_type=content_type, filename=filename, filesize=len(data))
    check(isinstance(response, UploadResponse), f"nio uploads {filename}", response)
    return response.content_uri


async def legacy_download(client, mxc):
    server, media_id = mxc[len("mxc://"):].split("/", 1)
    response = await client.send("GET", f"/_matrix/media/v3/download/{server}/{media_id}")
    return response.status, await response.read()


async def main(base_url, phase, state_file):
    client = AsyncClient(base_url, "@alice:localhost")
    client.access_token = "alice-token"
    client.user_id = "@alice:localhost"
    try:
        if phase == "before":
            mxc = await upload(client, PNG, "image/png", "before.png")
            downloaded = await client.download(mxc=mxc)
            check(isinstance(downloaded, DownloadResponse) and downloaded.body == PNG, "nio downloads it (authenticated endpoint)")
            check(downloaded.content_type == "image/png" and downloaded.filename == "before.png", "content type and file name are kept")
            status, body = await legacy_download(client, mxc)
            check(status == 200 and body == PNG, "the legacy endpoint serves it before the freeze")
            json.dump({"before": mxc}, open(state_file, "w"))
        else:
            old = json.load(open(state_file))["before"]
            new = await upload(client, b"uploaded after the freeze", "text/plain", "after.txt")
            status, body = await legacy_download(client, old)
            check(status == 200 and body == PNG, "media from before the freeze survived the restart and stays on the legacy endpoint")
            status, body = await legacy_download(client, new)
            check(status == 404 and json.loads(body).get("errcode") == "M_NOT_FOUND", "media from after the freeze is 404 M_NOT_FOUND on the legacy endpoint")
            downloaded = await client.download(mxc=new)
            check(isinstance(downloaded, DownloadResponse) and downloaded.body == b"uploaded after the freeze", "nio downloads it on the authenticated endpoint")
            downloaded = await client.download(mxc=old)
            check(isinstance(downloaded, DownloadResponse) and downloaded.body == PNG, "old media is on the authenticated endpoint too")
            server, media_id = old[len("mxc://"):].split("/", 1)
            thumbnail = await client.thumbnail(server, media_id, 32, 32)
            check(isinstance(thumbnail, ThumbnailResponse) and thumbnail.body == PNG, "a thumbnail is the original image")
    finally:
        await client.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))
