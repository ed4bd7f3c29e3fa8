using System.ComponentModel.DataAnnotations;

namespace Rapport.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>SQLite's <c>synchronous</c> setting in WAL mode: when a commit waits for the disk.</summary>
public enum SqliteSynchronous
{
    /// <summary>Every commit is flushed to disk before it is acknowledged: nothing acknowledged is lost, even on power loss.</summary>
    Full,

    /// <summary>
    /// Commits are flushed at checkpoints only: the database stays consistent and survives the process
    /// crashing, but a power loss or an operating-system crash can lose the last commits, acknowledged or not.
    /// </summary>
    Normal,
}

/// <summary>The <c>Database</c> section: which engine, and how to reach it.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite, defaults to <c>rapport.db</c> in the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite only: <c>Full</c> (the default) or <c>Normal</c>, faster writes that a power loss can undo. See <see cref="SqliteSynchronous"/>.</summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>Apply pending migrations when the server starts (the default), or leave it to <c>rapport migrate</c>.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

/// <summary>The <c>Rapport</c> section: where data lives and how the server is reached.</summary>
public sealed class RapportOptions
{
    /// <summary>Folder for the SQLite database and attachments. Relative paths are relative to the working directory.</summary>
    [Required]
    public string DataPath { get; set; } = "data";

    /// <summary>The address people use to reach this server, used in printed links. Defaults to the first listening URL.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Largest attachment accepted, in bytes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxAttachmentBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Bodies over 1 MB (or sent in chunks) read at once; more wait for a slot (see <see cref="Features.Conversations.UploadSlots"/>).</summary>
    [Range(1, 1000)]
    public int MaxConcurrentUploads { get; set; } = 4;

    /// <summary>How long a big upload waits for a slot before it is answered 503 with Retry-After.</summary>
    [Range(0, 300)]
    public int UploadWaitSeconds { get; set; } = 10;
}
