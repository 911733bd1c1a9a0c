// The module Pulumi.yaml names (compiled to dist/demo/): a program that is one exported function,
// which the Node.js language host calls and whose result becomes the stack's outputs.
import { demoProgram } from "./program";

export = demoProgram;
