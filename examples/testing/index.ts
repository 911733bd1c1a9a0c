// The program `pulumi up` runs: one exported function, whose result becomes the stack's outputs.
import { offers } from "./offers";

export = offers;
