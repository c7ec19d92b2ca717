import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => m.replace(e.property, path));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Unknown fields are refused rather than ignored: a typo in a field name must not pass silently. */
export function appValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // One sentence per problem: a field whose checks share a message (WholeNumber) says it once.
    exceptionFactory: (errors) => new BadRequestException(`Invalid request: ${[...new Set(flatten(errors))].join('; ')}.`),
  });
}
