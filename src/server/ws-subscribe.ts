import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';

type Execution = ExecutionResult | Promise<ExecutionResult>;

/**
 * Creates a replacement for graphql-js subscribe() that executes the selection set once
 * per event and operation instead of once per subscriber. Subscribers of one channel
 * receive the same event object, so those that sent the same document and variables
 * share one result.
 *
 * Sharing is sound because subscription payload fields resolve from the event alone.
 * NOTE: a payload field that read the context (the caller's key) would get the context
 * of the first subscriber only, so subscription types must not have such fields.
 */
export function createSharedSubscribe() {
  const executions = new WeakMap<object, Map<string, Execution>>();

  return async function subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;

    const operationKey = `${args.operationName ?? ''}\n${print(args.document)}\n${JSON.stringify(args.variableValues ?? {})}`;
    return mapEvents(source, (event) => {
      if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event });

      let byOperation = executions.get(event);
      if (!byOperation) {
        byOperation = new Map();
        executions.set(event, byOperation);
      }
      let execution = byOperation.get(operationKey);
      if (!execution) {
        execution = execute({ ...args, rootValue: event });
        byOperation.set(operationKey, execution);
      }
      return execution;
    });
  };
}

/**
 * Maps each event of `source` to an execution result. return() is forwarded at once, so
 * a subscriber that leaves while waiting for an event releases its listener immediately.
 * An async generator would not do that: its return() waits for the pending next().
 */
function mapEvents(
  source: AsyncIterable<unknown>,
  map: (event: unknown) => Execution,
): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  const closeSource = async () => {
    await iterator.return?.();
  };

  return {
    async next() {
      let result: IteratorResult<unknown>;
      try {
        result = await iterator.next();
      } catch (error) {
        await closeSource();
        throw error;
      }
      if (result.done) return { value: undefined, done: true };
      return { value: await map(result.value), done: false };
    },
    async return() {
      await closeSource();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      await closeSource();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof Object(value)[Symbol.asyncIterator] === 'function';
}
