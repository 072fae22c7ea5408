import { Body, Controller, Get, Headers, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, SignedInController } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { ConfirmationsService } from './confirmations.service';
import { ConfirmationAnswer, ConfirmationLink, PublicConfirmation } from './dto/confirmations.responses';
import { AnswerConfirmationDto } from './dto/answer-confirmation.dto';
import { CreateConfirmationLinkDto } from './dto/create-confirmation-link.dto';
import { ConfirmRateLimitGuard } from './rate-limit';

@SignedInController('cases', 'cases')
export class ConfirmationLinksController {
  constructor(private readonly confirmations: ConfirmationsService) {}

  @Post(':id/confirmation-link')
  @ApiOperation({
    operationId: 'createConfirmationLink',
    summary: "A one-time link (and QR code) for the enterprise's contact to confirm a resolved case",
    description:
      "For an instructor of the case's enterprise, a coordinator of its town, or an admin, while the case is resolved. " +
      'The link works once and expires after CONFIRM_LINK_TTL_DAYS (7 by default); a new link replaces the earlier ones. ' +
      "`sendSms: true` also queues an SMS with the link to the enterprise's contact phone.",
  })
  @ApiCreatedResponse({ type: ConfirmationLink })
  @ApiForbiddenResponse({ description: "you cannot speak for this case's enterprise" })
  @ApiNotFoundResponse({ description: 'no such case in your jurisdiction' })
  @ApiConflictResponse({ description: 'the case is not resolved' })
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: CreateConfirmationLinkDto,
    @Headers('x-request-id') requestId: string | undefined,
  ): Promise<ConfirmationLink> {
    return this.confirmations.issue(user, id, dto, requestId);
  }
}

/** No sign-in: the token is the credential. Rate-limited per client address; nothing else is public here. */
@ApiTags('public')
@Public()
@UseGuards(ConfirmRateLimitGuard)
@Controller('public/confirmations')
export class PublicConfirmationsController {
  constructor(private readonly confirmations: ConfirmationsService) {}

  @Get(':token')
  @ApiOperation({
    operationId: 'getPublicConfirmation',
    summary: 'What the enterprise sees through its link: the problem, the resolution and the steps',
  })
  @ApiParam({ name: 'token', description: 'the token of the link' })
  @ApiOkResponse({ type: PublicConfirmation })
  @ApiNotFoundResponse({ description: 'unknown or tampered link (链接无效)' })
  @ApiGoneResponse({
    description: 'the link was used, replaced or expired, or the case was answered already',
  })
  @ApiTooManyRequestsResponse({
    description: 'too many requests from this address: wait Retry-After seconds',
  })
  view(@Param('token') token: string): Promise<PublicConfirmation> {
    return this.confirmations.view(token);
  }

  @Post(':token')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'answerPublicConfirmation',
    summary:
      'The enterprise accepts (销号, closed) or refuses with a reason (reopened), rating the handling 1–5',
  })
  @ApiParam({ name: 'token', description: 'the token of the link' })
  @ApiOkResponse({ type: ConfirmationAnswer })
  @ApiNotFoundResponse({ description: 'unknown or tampered link (链接无效)' })
  @ApiGoneResponse({
    description: 'the link was used, replaced or expired, or the case was answered already',
  })
  @ApiTooManyRequestsResponse({
    description: 'too many requests from this address: wait Retry-After seconds',
  })
  answer(
    @Param('token') token: string,
    @Body() dto: AnswerConfirmationDto,
    @Headers('x-request-id') requestId: string | undefined,
  ): Promise<ConfirmationAnswer> {
    return this.confirmations.answer(token, dto, requestId);
  }
}
