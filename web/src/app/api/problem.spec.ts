import { problemOf } from './problem';

describe('problems from the API', () => {
  it('reads the platform\'s error shape, field by field', () => {
    const body = {
      message: 'The request is not valid',
      errors: [
        { field: 'ownerEmail', in: 'body', reason: 'String should match pattern' },
        { field: 'impact.safety', in: 'body', reason: 'Input should be less than or equal to 5' },
      ],
    };
    expect(problemOf(new Response(null, { status: 422 }), body)).toEqual({
      status: 422,
      message: 'The request is not valid',
      fields: { ownerEmail: 'String should match pattern', 'impact.safety': 'Input should be less than or equal to 5' },
    });
  });

  it('copes with bodies of another shape', () => {
    expect(problemOf(new Response(null, { status: 502 }), 'Bad gateway')).toEqual({ status: 502, message: 'The service answered 502.', fields: {} });
    expect(problemOf(undefined, undefined).message).toBe('The service could not be reached.');
  });
});
