/** One numbered schema step. Its SQL is hashed when applied; editing it afterwards is refused. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
