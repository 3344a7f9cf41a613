import { participantIdOf, PARTICIPANT_ID_PATTERN } from './participant-id.util';

describe('participantIdOf', () => {
  it('is the first 8 characters of the did:dpi identifier', () => {
    expect(participantIdOf('did:dpi:LeeSNtAvGgEYGxjDCvrdVB')).toBe('LeeSNtAv');
    expect(participantIdOf('did:dpi:QTkAD4spRzkpxBtMw8Zc7L')).toMatch(PARTICIPANT_ID_PATTERN);
  });

  it('refuses what is not a did:dpi DID', () => {
    expect(() => participantIdOf('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK')).toThrow(
      TypeError,
    );
    expect(() => participantIdOf('did:dpi:0000000000000000')).toThrow(TypeError);
  });
});
