namespace Rapport.Features.Timeline;

/// <summary>
/// An entity whose state changes append activities. <see cref="Data.RapportDb"/> collects them on
/// save, so an activity is written in the same transaction as the change it records.
/// </summary>
public interface IRecordsActivity
{
    IList<Activity> PendingActivities { get; }
}
