// Instruction reference (exec and shell forms): https://docs.docker.com/reference/dockerfile/
import { DockerfileParser, type Dockerfile, type Instruction } from 'dockerfile-ast';
import type { Path } from '../types.ts';
import type { Position, SourceFile } from './manifest.ts';

export interface DockerInstruction {
  /** Index in `DockerfileSource.instructions`; findings use the path `['instructions', index]`. */
  index: number;
  /** Upper-cased keyword: `FROM`, `RUN`, `CMD`. */
  keyword: string;
  /** The arguments as written, continuation lines joined. */
  args: string;
  /** The argv when the arguments are a JSON array of strings (exec form), else null (shell form). */
  json: string[] | null;
  /** Index of the build stage the instruction belongs to; -1 before the first FROM. */
  stage: number;
  position: Position;
  node: Instruction;
}

export interface DockerStage {
  index: number;
  /** `AS <name>`, or null. */
  name: string | null;
  /** The FROM image as written. */
  image: string;
  from: DockerInstruction;
  instructions: DockerInstruction[];
}

export interface DockerfileSource {
  source: SourceFile;
  instructions: DockerInstruction[];
  stages: DockerStage[];
  /** Comment lines, 1-based, for `# py2kube-ignore` suppressions. */
  comments: Array<{ line: number; text: string }>;
  ast: Dockerfile;
}

export function isDockerfileName(name: string): boolean {
  if (name.endsWith('.dockerignore')) return false;
  return name === 'Dockerfile' || name.startsWith('Dockerfile.') || name.endsWith('.Dockerfile') || name.endsWith('.dockerfile');
}

export function parseDockerfile(source: SourceFile): DockerfileSource {
  const ast = DockerfileParser.parse(source.text);
  const instructions: DockerInstruction[] = [];
  const stages: DockerStage[] = [];
  for (const node of ast.getInstructions()) {
    const keyword = node.getKeyword();
    const range = node.getRange();
    const args = (node.getArgumentsContent() ?? '').trim();
    const instruction: DockerInstruction = {
      index: instructions.length,
      keyword,
      args,
      json: jsonForm(args),
      stage: keyword === 'FROM' ? stages.length : stages.length - 1,
      position: { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 },
      node,
    };
    instructions.push(instruction);
    if (keyword === 'FROM') {
      const words = node.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith('--'));
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ index: stages.length, name: as >= 0 ? (words[as + 1] ?? null) : null, image: words[0] ?? '', from: instruction, instructions: [instruction] });
    } else if (instruction.stage >= 0) {
      stages[instruction.stage]!.instructions.push(instruction);
    }
  }
  const comments = ast.getComments().map((c) => ({ line: c.getRange().start.line + 1, text: c.getContent() ?? '' }));
  return { source, instructions, stages, comments, ast };
}

function jsonForm(args: string): string[] | null {
  if (!args.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(args);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
  } catch {
    return null;
  }
}

export function instructionPath(instruction: DockerInstruction): Path {
  return ['instructions', instruction.index];
}
