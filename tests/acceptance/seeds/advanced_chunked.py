# Seed: pydantable-fastapi-advanced, "4. Chunked — stream() / astream() + streaming body"
import json

from fastapi import FastAPI, Query
from fastapi.responses import StreamingResponse
from pydantable import DataFrameModel

app = FastAPI()


class UserDF(DataFrameModel):
    id: int
    age: int | None


def ndjson_sync(df):
    for batch in df.stream(batch_size=1_000):
        yield (json.dumps(batch, default=str) + "\n").encode()


@app.get("/users-stream-sync")
def users_stream_sync(path: str = Query(...)):
    df = UserDF.read_parquet(path, trusted_mode="shape_only").select("id", "age")
    return StreamingResponse(ndjson_sync(df), media_type="application/x-ndjson")


async def ndjson_async(df):
    async for batch in df.astream(batch_size=1_000):
        yield (json.dumps(batch, default=str) + "\n").encode()


@app.get("/users-stream-async")
async def users_stream_async(path: str = Query(...)):
    df = await UserDF.aread_parquet(path, trusted_mode="shape_only")
    df = df.select("id", "age")
    return StreamingResponse(ndjson_async(df), media_type="application/x-ndjson")
