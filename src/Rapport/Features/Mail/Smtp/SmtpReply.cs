namespace Rapport.Features.Mail.Smtp;

/// <summary>An SMTP reply: its three-digit code and its text lines (RFC 5321 4.2).</summary>
public sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    public bool IsPositive => Code is >= 200 and < 400;

    /// <summary>4xx: the server asks us to try again later.</summary>
    public bool IsTransient => Code is >= 400 and < 500;

    public string Text => string.Join(" ", Lines);

    public override string ToString() => $"{Code} {Text}";
}

/// <summary>
/// The server refused something. <see cref="Transient"/> is true for 4xx replies and for lost
/// connections (try again later), false for 5xx (this message will never go as it is).
/// </summary>
public sealed class SmtpException(string message, int code, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public int Code { get; } = code;
    public bool Transient { get; } = transient;

    public static SmtpException From(string during, SmtpReply reply) =>
        new($"{during}: {reply}", reply.Code, reply.IsTransient || reply.Code < 400);
}
