using GroundedSam.Inference.Detections;

namespace GroundedSam.Inference.Tests.Detections;

public sealed class InstanceSelectorTests
{
    private const int Width = 100;
    private const int Height = 100;

    [Fact]
    public void Select_OneLabel_NumbersInstancesByDescendingScore()
    {
        Detection[] detections =
        [
            Monitor(0.5f, new Box(0, 0, 10, 10)),
            Monitor(0.9f, new Box(50, 50, 60, 60)),
            Monitor(0.7f, new Box(80, 0, 90, 10)),
        ];

        var instances = Select(detections);

        Assert.Equal(["monitor-1", "monitor-2", "monitor-3"], instances.Select(i => i.InstanceId));
        Assert.Equal([0.9f, 0.7f, 0.5f], instances.Select(i => i.DetectorScore));
        Assert.Equal(new Box(50, 50, 60, 60), instances[0].Box);
    }

    [Fact]
    public void Select_SeveralLabels_InPromptOrderEachNumberedFromOne()
    {
        Detection[] detections =
        [
            new(2, "mouse", 0.9f, new Box(0, 0, 10, 10)),
            Monitor(0.6f, new Box(50, 50, 60, 60)),
            new(2, "mouse", 0.8f, new Box(80, 80, 90, 90)),
        ];

        var instances = Select(detections);

        Assert.Equal(["monitor-1", "mouse-1", "mouse-2"], instances.Select(i => i.InstanceId));
        Assert.Equal(["monitor", "mouse", "mouse"], instances.Select(i => i.LabelKey));
    }

    [Fact]
    public void Select_SameLabelOverlappingByIoU_MergesIntoTheUnionBox()
    {
        // IoU of (0,0,40,40) and (10,0,50,40) = 30·40 / (50·40) = 0.6 ≥ 0.5.
        var instances = Select([Monitor(0.9f, new Box(0, 0, 40, 40)), Monitor(0.6f, new Box(10, 0, 50, 40))]);

        var monitor = Assert.Single(instances);
        Assert.Equal(new Box(0, 0, 50, 40), monitor.Box);
        Assert.Equal(2, monitor.Parts);
        Assert.Equal(0.9f, monitor.DetectorScore);
    }

    [Fact]
    public void Select_SameLabelContainedPart_MergesByContainment()
    {
        // The screen (10,10,30,30) lies inside the monitor: IoU 400/3600 = 0.11 but containment 1 ≥ 0.8.
        var instances = Select([Monitor(0.6f, new Box(10, 10, 30, 30)), Monitor(0.8f, new Box(0, 0, 60, 60))]);

        var monitor = Assert.Single(instances);
        Assert.Equal(new Box(0, 0, 60, 60), monitor.Box);
        Assert.Equal(2, monitor.Parts);
        Assert.Equal(0.8f, monitor.DetectorScore);
    }

    [Fact]
    public void Select_UnionGrowsIntoAThirdBox_MergesAllThreeParts()
    {
        // A and C alone would stay apart (IoU 1/3, containment 0.5). B merges into A (IoU 0.6), and the grown box
        // (0,0,50,40) then meets C with IoU 30·40 / (60·40) = 0.5.
        var instances = Select(
        [
            Monitor(0.9f, new Box(0, 0, 40, 40)),
            Monitor(0.8f, new Box(10, 0, 50, 40)),
            Monitor(0.7f, new Box(20, 0, 60, 40)),
        ]);

        var monitor = Assert.Single(instances);
        Assert.Equal(new Box(0, 0, 60, 40), monitor.Box);
        Assert.Equal(3, monitor.Parts);
    }

    [Fact]
    public void Select_MergeOff_KeepsOverlappingBoxesApart()
    {
        var policy = new SelectionPolicy { MergeSameLabel = false };

        var instances = Select([Monitor(0.9f, new Box(0, 0, 40, 40)), Monitor(0.6f, new Box(10, 0, 50, 40))], policy);

        Assert.Equal(2, instances.Count);
        Assert.All(instances, i => Assert.Equal(1, i.Parts));
    }

    [Fact]
    public void Select_SameBoxDifferentLabels_NotMergedAndKeptByDefault()
    {
        var box = new Box(0, 0, 40, 40);

        var instances = Select([Monitor(0.9f, box), new Detection(1, "keyboard", 0.6f, box)]);

        Assert.Equal(["monitor-1", "keyboard-1"], instances.Select(i => i.InstanceId));
    }

    [Fact]
    public void Select_ClassAgnosticNms_DropsTheLowerScoredOtherLabel()
    {
        var policy = new SelectionPolicy { ClassAgnosticNmsIoU = 0.5f };

        var instances = Select(
            [new Detection(1, "keyboard", 0.6f, new Box(0, 0, 40, 40)), Monitor(0.9f, new Box(2, 0, 40, 40))], policy);

        Assert.Equal("monitor-1", Assert.Single(instances).InstanceId);
    }

    [Fact]
    public void Select_ClassAgnosticNms_KeepsBoxesBelowItsIoU()
    {
        // IoU 0.6 < 0.7.
        var policy = new SelectionPolicy { ClassAgnosticNmsIoU = 0.7f };

        var instances = Select(
            [new Detection(1, "keyboard", 0.6f, new Box(10, 0, 50, 40)), Monitor(0.9f, new Box(0, 0, 40, 40))], policy);

        Assert.Equal(2, instances.Count);
    }

    [Fact]
    public void Select_MinAreaFraction_DropsSmallBoxes()
    {
        // 100×100 photo, fraction 0.02 → 200 px²: the 10×10 box (100) goes, the 20×20 box (400) stays.
        var policy = new SelectionPolicy { MinAreaFraction = 0.02f };

        var instances = Select([Monitor(0.9f, new Box(0, 0, 10, 10)), Monitor(0.5f, new Box(50, 50, 70, 70))], policy);

        var kept = Assert.Single(instances);
        Assert.Equal(new Box(50, 50, 70, 70), kept.Box);
        Assert.Equal("monitor-1", kept.InstanceId);
    }

    [Fact]
    public void Select_MaxInstancesPerLabel_KeepsTheBestOfEachLabel()
    {
        var policy = new SelectionPolicy { MaxInstancesPerLabel = 1 };
        Detection[] detections =
        [
            Monitor(0.5f, new Box(0, 0, 10, 10)),
            Monitor(0.9f, new Box(50, 50, 60, 60)),
            new(2, "mouse", 0.4f, new Box(80, 80, 90, 90)),
            new(2, "mouse", 0.45f, new Box(0, 80, 10, 90)),
        ];

        var instances = Select(detections, policy);

        Assert.Equal(["monitor-1", "mouse-1"], instances.Select(i => i.InstanceId));
        Assert.Equal([0.9f, 0.45f], instances.Select(i => i.DetectorScore));
    }

    [Fact]
    public void Select_MinScore_DropsLowerScoresAndKeepsEqual()
    {
        var policy = new SelectionPolicy { MinScore = 0.5f };

        var instances = Select([Monitor(0.49f, new Box(0, 0, 10, 10)), Monitor(0.5f, new Box(50, 50, 60, 60))], policy);

        Assert.Equal(0.5f, Assert.Single(instances).DetectorScore);
    }

    [Fact]
    public void Select_Region_KeepsBoxesWhoseCentreIsInside()
    {
        // Left half of the photo: centre x 25 is inside, centre x 80 is not although the box starts at x 45.
        var policy = new SelectionPolicy { Region = new RegionOfInterest(0, 0, 0.5f, 1) };

        var instances = Select([Monitor(0.9f, new Box(45, 0, 115, 10)), Monitor(0.5f, new Box(20, 0, 30, 10))], policy);

        Assert.Equal(new Box(20, 0, 30, 10), Assert.Single(instances).Box);
    }

    [Fact]
    public void Select_RegionFilter_RunsBeforeTheMerge()
    {
        // The outside box would have merged with the inside one and grown it; it is filtered first.
        var policy = new SelectionPolicy { Region = new RegionOfInterest(0, 0, 0.5f, 1) };

        var instances = Select([Monitor(0.9f, new Box(10, 0, 40, 40)), Monitor(0.8f, new Box(20, 0, 90, 40))], policy);

        var kept = Assert.Single(instances);
        Assert.Equal(new Box(10, 0, 40, 40), kept.Box);
        Assert.Equal(1, kept.Parts);
    }

    [Fact]
    public void Select_NoDetections_IsEmpty()
    {
        Assert.Empty(Select([]));
    }

    [Fact]
    public void Select_LabelsWithCollidingKeys_GetDistinctKeys()
    {
        // "desk lamp" and "desk-lamp" both become desk_lamp; the second label in prompt order gets desk_lamp_2.
        var instances = Select(
        [
            new Detection(1, "desk-lamp", 0.9f, new Box(50, 50, 60, 60)),
            new Detection(0, "desk lamp", 0.8f, new Box(0, 0, 10, 10)),
        ]);

        Assert.Equal(["desk_lamp-1", "desk_lamp_2-1"], instances.Select(i => i.InstanceId));
        Assert.Equal(["desk lamp", "desk-lamp"], instances.Select(i => i.Label));
    }

    [Fact]
    public void Select_RepeatedCategoryInPrompt_GivesEveryInstanceItsOwnId()
    {
        // "monitor. monitor." has two categories with one label; their instances must not both be monitor-1, or
        // masks/monitor-1.png of one would overwrite the other's.
        var instances = Select(
        [
            new Detection(0, "monitor", 0.9f, new Box(0, 0, 10, 10)),
            new Detection(1, "monitor", 0.8f, new Box(50, 50, 60, 60)),
        ]);

        Assert.Equal(["monitor-1", "monitor-2"], instances.Select(i => i.InstanceId));
    }

    [Theory]
    [InlineData("Desktop Monitor", "desktop_monitor")]
    [InlineData("café", "cafe")]
    [InlineData("Crème Brûlée", "creme_brulee")]
    [InlineData("!!!", "object")]
    [InlineData("", "object")]
    [InlineData("  desk -- lamp  ", "desk_lamp")]
    [InlineData("usb-c hub 2", "usb_c_hub_2")]
    [InlineData("монитор", "монитор")] // letters of any script are kept
    public void ToKey_Label_IsLowerCaseLettersAndDigitsJoinedByUnderscores(string label, string key)
    {
        Assert.Equal(key, InstanceSelector.ToKey(label));
    }

    [Fact]
    public void ToKey_LongLabel_IsCutTo64CharactersWithoutTrailingUnderscore()
    {
        // 63 letters, a space, then more: the cut at 64 would end in '_', which is trimmed.
        var label = new string('a', 63) + " bbbb";

        Assert.Equal(new string('a', 63), InstanceSelector.ToKey(label));
        Assert.Equal(64, InstanceSelector.ToKey(new string('c', 100)).Length);
    }

    private static Detection Monitor(float score, Box box) => new(0, "monitor", score, box);

    private static IReadOnlyList<DetectedInstance> Select(IEnumerable<Detection> detections, SelectionPolicy? policy = null) =>
        InstanceSelector.Select(detections, policy ?? SelectionPolicy.Default, Width, Height);
}
