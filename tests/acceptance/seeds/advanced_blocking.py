# Seed: pydantable-fastapi-advanced, "1. Blocking — sync def + lazy read_parquet + collect() / to_dict()"
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


@app.get("/users-blocking", response_model=list[UserRow])
def report_from_parquet_blocking(
    path: str = Query(..., description="Readable Parquet path on server"),
):
    df = UserDF.read_parquet(path, trusted_mode="shape_only").select("id", "age")
    return df.collect()


@app.get("/users-columnar-blocking")
def columnar_from_parquet_blocking(path: str = Query(...)):
    df = UserDF.read_parquet(path, trusted_mode="shape_only")
    return df.to_dict()
