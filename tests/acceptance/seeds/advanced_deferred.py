# Seed: pydantable-fastapi-advanced, "3. Deferred — submit() + await handle.result()"
import asyncio

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


@app.get("/users-deferred", response_model=list[UserRow])
async def report_deferred(path: str = Query(...)):
    df = await UserDF.aread_parquet(path, trusted_mode="shape_only")
    handle = df.select("id", "age").submit()
    return await handle.result()


@app.get("/users-two-deferred")
async def two_cohorts_deferred(path_a: str = Query(...), path_b: str = Query(...)):
    df_a, df_b = await asyncio.gather(
        UserDF.aread_parquet(path_a, trusted_mode="shape_only"),
        UserDF.aread_parquet(path_b, trusted_mode="shape_only"),
    )
    h_a = df_a.select("id", "age").submit()
    h_b = df_b.select("id", "age").submit()
    out_a, out_b = await asyncio.gather(h_a.result(), h_b.result())
    return {"cohort_a": out_a, "cohort_b": out_b}
