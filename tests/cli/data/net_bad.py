from torch import nn

model = nn.Sequential(
    nn.Conv2d(3, 16, 3),
    nn.Flatten(),
    nn.Linear(16, 10),
)
