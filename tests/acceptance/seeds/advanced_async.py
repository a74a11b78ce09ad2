# Seed: pydantable-fastapi-advanced, "2. Async — async def + await collect() / await to_dict()"
from fastapi import FastAPI, Query
from pydantic import BaseModel
from pydantable import DataFrameModel

app = FastAPI()


class UserDF(DataFrameModel):
    id: int
    age: int | None


class UserRow(BaseModel):
    id: int
    age: int | None


@app.get("/users-async", response_model=list[UserRow])
async def report_from_parquet(path: str = Query(...)):
    return (
        await UserDF.Async.read_parquet(path, trusted_mode="shape_only")
        .select("id", "age")
        .collect()
    )


@app.get("/users-columnar-async")
async def columnar_async(path: str = Query(...)):
    return await UserDF.Async.read_parquet(path, trusted_mode="shape_only").to_dict()
