/**
 * The parse tree of a Go template (src/text/template/parse/node.go), with source offsets.
 * `start`/`end` are offsets in the template's own text.
 */

interface At {
  start: number;
  end: number;
}

export type Node =
  | TextNode | ActionNode | IfNode | RangeNode | WithNode | TemplateCallNode
  | BreakNode | ContinueNode;

export interface ListNode extends At {
  type: 'list';
  nodes: Node[];
}

export interface TextNode extends At {
  type: 'text';
  text: string;
}

export interface ActionNode extends At {
  type: 'action';
  pipe: PipeNode;
}

export interface PipeNode extends At {
  type: 'pipe';
  /** Variables declared (`$x :=`) or assigned (`$x =`). */
  decl: VariableNode[];
  isAssign: boolean;
  cmds: CommandNode[];
}

export interface CommandNode extends At {
  type: 'command';
  args: ArgNode[];
}

export type ArgNode =
  | IdentifierNode | FieldNode | VariableNode | ChainNode | DotNode | NilNode
  | BoolNode | NumberNode | StringNode | PipeNode;

export interface IdentifierNode extends At { type: 'identifier'; name: string }
/** `.a.b.c`: idents ['a','b','c']. */
export interface FieldNode extends At { type: 'field'; idents: string[] }
/** `$x.a.b`: name '$x', idents ['a','b']. */
export interface VariableNode extends At { type: 'variable'; name: string; idents: string[] }
/** `(pipeline).a.b` or `"lit".a`. */
export interface ChainNode extends At { type: 'chain'; node: ArgNode; idents: string[] }
export interface DotNode extends At { type: 'dot' }
export interface NilNode extends At { type: 'nil' }
export interface BoolNode extends At { type: 'bool'; value: boolean }
export interface NumberNode extends At {
  type: 'number';
  text: string;
  /** Integer constant (Go: IsInt) and/or float constant. A character constant is an int. */
  int?: bigint;
  float?: number;
  isChar?: boolean;
}
export interface StringNode extends At { type: 'string'; text: string; value: string }

interface BranchNode extends At {
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
}
export interface IfNode extends BranchNode { type: 'if' }
export interface WithNode extends BranchNode { type: 'with' }
export interface RangeNode extends BranchNode { type: 'range' }
/** `{{template "name" pipeline}}` (also what a `block` leaves in place). */
export interface TemplateCallNode extends At { type: 'template'; name: string; nameStart: number; nameEnd: number; pipe?: PipeNode }
export interface BreakNode extends At { type: 'break' }
export interface ContinueNode extends At { type: 'continue' }

/** A `define`d (or `block`) template: its name and body. */
export interface Definition {
  name: string;
  nameStart: number;
  nameEnd: number;
  body: ListNode;
}

/** A parsed template file: its top-level body and the templates it defines. */
export interface ParsedTemplate {
  root: ListNode;
  defines: Definition[];
}
